// Masking of ID card data before it leaves main/ for a screen.
import { CARD_TYPE_LABELS, type MaskedCard } from '../contract/devices.js';
import type { CardText } from '../../native/idcard/index.js';

const MASK = '*';

/**
 * Masks a name, counting Unicode code points so that a rare character
 * outside the BMP (𠮷) counts once: one character stays as it is, two keep
 * the first (张*), three or more keep the first and the last with one star
 * per hidden character (张*丰, 欧阳**娜).
 */
export function maskName(name: string): string {
  const characters = Array.from(name.trim());
  if (characters.length <= 1) return characters.join('');
  if (characters.length === 2) return `${characters[0]}${MASK}`;
  const hidden = MASK.repeat(characters.length - 2);
  return `${characters[0]}${hidden}${characters[characters.length - 1]}`;
}

/**
 * Masks an ID number to its first 6 characters (the area code) and last 4,
 * with one star per hidden character: 610630********1234. A number of 10
 * characters or fewer keeps only its last 4.
 */
export function maskIdNumber(idNumber: string): string {
  const characters = Array.from(idNumber.trim());
  if (characters.length <= 4) return MASK.repeat(characters.length);
  if (characters.length <= 10) {
    return MASK.repeat(characters.length - 4) + characters.slice(-4).join('');
  }
  const hidden = MASK.repeat(characters.length - 10);
  return `${characters.slice(0, 6).join('')}${hidden}${characters.slice(-4).join('')}`;
}

/** Builds the screen's view of a card: masked name and number, and the card type. */
export function maskCard(text: CardText): MaskedCard {
  return {
    // A foreign permanent resident card may have no Chinese name.
    name: maskName(
      text.name !== '' || !('englishName' in text) ? text.name : text.englishName,
    ),
    idNumber: maskIdNumber(text.idNumber),
    cardType: text.cardType,
    cardTypeLabel: CARD_TYPE_LABELS[text.cardType],
  };
}
