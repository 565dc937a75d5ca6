import { DeviceStatusScreen } from './devices/DeviceStatusScreen.js';
import { IdCardScreen } from './devices/IdCardScreen.js';
import { JobDetailScreen } from './jobs/JobDetailScreen.js';
import { JobListScreen } from './jobs/JobListScreen.js';
import { PolicyDetailScreen } from './policies/PolicyDetailScreen.js';
import { PolicyListScreen } from './policies/PolicyListScreen.js';
import { AttractScreen } from './screens/AttractScreen.js';
import { HomeScreen } from './screens/HomeScreen.js';
import type { Route } from './session.js';

/** Shows the screen of the current route. */
export function RouteView({ route }: { route: Route }) {
  switch (route.name) {
    case 'attract':
      return <AttractScreen />;
    case 'home':
      return <HomeScreen />;
    case 'jobs':
      return <JobListScreen />;
    case 'job':
      return <JobDetailScreen key={route.id} id={route.id} />;
    case 'policies':
      return <PolicyListScreen />;
    case 'policy':
      return <PolicyDetailScreen key={route.id} id={route.id} />;
    case 'idcard':
      return <IdCardScreen />;
    case 'devices':
      return <DeviceStatusScreen />;
  }
}
