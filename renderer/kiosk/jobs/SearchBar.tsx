import { useEffect, useState } from 'react';
import { OnScreenKeyboard } from '../../shared/OnScreenKeyboard.js';
import { useApi } from '../../shared/use-api.js';
import { useKiosk } from '../kiosk-context.js';

/** Maximum length of the search text that `jobs.search` accepts. */
const MAX_TEXT_LENGTH = 40;

/**
 * Renders the search box, with the kiosk's own keyboard for letters and digits and
 * one-tap common words for Chinese. A physical keyboard and the system IME
 * work too when the kiosk has one.
 */
export function SearchBar() {
  const { session, dispatch } = useKiosk();
  const text = session.filters.text;
  const [draft, setDraft] = useState(text);
  const [keyboardOpen, setKeyboardOpen] = useState(false);

  // A keyword tap or 清除筛选 changes the text from outside the box.
  useEffect(() => {
    setDraft(text);
  }, [text]);

  const search = (value: string) => {
    setKeyboardOpen(false);
    dispatch({ type: 'setFilters', filters: { text: value.trim() } });
  };

  return (
    <div className="search">
      <form
        className="search-row"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          search(draft);
        }}
      >
        <input
          className="search-input"
          type="search"
          value={draft}
          maxLength={MAX_TEXT_LENGTH}
          // No system touch keyboard: the kiosk shows its own below.
          inputMode="none"
          enterKeyHint="search"
          placeholder="点这里输入"
          aria-label="搜索岗位"
          onChange={(event) => setDraft(event.target.value)}
          onFocus={() => setKeyboardOpen(true)}
          onClick={() => setKeyboardOpen(true)}
        />
        <button type="submit" className="button button-primary search-button">
          搜索
        </button>
      </form>
      <Keywords selected={text} onPick={(word) => search(word === text ? '' : word)} />
      {keyboardOpen ? (
        <OnScreenKeyboard
          value={draft}
          maxLength={MAX_TEXT_LENGTH}
          onChange={setDraft}
          onSubmit={() => search(draft)}
          onClose={() => setKeyboardOpen(false)}
        />
      ) : null}
    </div>
  );
}

function Keywords({
  selected,
  onPick,
}: {
  selected: string;
  onPick: (word: string) => void;
}) {
  const { state, retry } = useApi('jobs.keywords', {});
  if (state.status === 'error') {
    return (
      <div className="keywords keywords-error" role="alert">
        常用词暂时无法加载
        <button type="button" className="chip" onClick={retry}>
          重试
        </button>
      </div>
    );
  }
  const words = state.status === 'ok' ? state.value : [];
  return (
    <div className="keywords" role="group" aria-label="常用词">
      <span className="row-label">常用词</span>
      {words.map((word) => (
        <button
          type="button"
          key={word}
          className={`chip keyword${word === selected ? ' is-selected' : ''}`}
          aria-pressed={word === selected}
          onClick={() => onPick(word)}
        >
          {word}
        </button>
      ))}
    </div>
  );
}
