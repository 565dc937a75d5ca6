import { ScreenFrame } from '../ScreenFrame.js';
import { useKiosk } from '../kiosk-context.js';

/** Services that come in a later release: shown, marked 暂未开放, not tappable. */
const LATER_SERVICES = ['岗位匹配', '打印岗位单', '服务评价'];

export function HomeScreen() {
  const { dispatch } = useKiosk();
  return (
    <ScreenFrame title="您好！请选择服务" isHome>
      <div className="tiles tiles-main">
        <button
          type="button"
          className="tile tile-jobs"
          onClick={() => dispatch({ type: 'openJobs', kind: null })}
        >
          <span className="tile-title">找工作</span>
          <span className="tile-note">全部岗位，按地点、工种查找</span>
        </button>
        <button
          type="button"
          className="tile tile-gig"
          onClick={() => dispatch({ type: 'openJobs', kind: 'gig' })}
        >
          <span className="tile-title">零工快招</span>
          <span className="tile-note">日结、短期零活</span>
        </button>
        <button
          type="button"
          className="tile tile-policy"
          onClick={() => dispatch({ type: 'navigate', route: { name: 'policies' } })}
        >
          <span className="tile-title">政策查询</span>
          <span className="tile-note">补贴、培训、创业政策</span>
        </button>
      </div>
      <h2 className="section-title">更多服务</h2>
      <div className="tiles tiles-later">
        <button
          type="button"
          className="tile tile-idcard"
          onClick={() => dispatch({ type: 'navigate', route: { name: 'idcard' } })}
        >
          <span className="tile-title">身份证登记求职</span>
          <span className="tile-note">刷身份证，登记找工作</span>
        </button>
        {LATER_SERVICES.map((name) => (
          <button type="button" className="tile tile-disabled" disabled key={name}>
            <span className="tile-title">{name}</span>
            <span className="tile-soon">暂未开放</span>
          </button>
        ))}
      </div>
      <p className="help-note">不会用？请找现场工作人员帮忙</p>
    </ScreenFrame>
  );
}
