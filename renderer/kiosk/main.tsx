import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { JobSummary } from '../../main/contract/catalogue.js';
import { call, initApiClient } from '../shared/api-client.js';

initApiClient();

function App() {
  const [jobs, setJobs] = useState<JobSummary[]>([]);
  useEffect(() => {
    call('jobs.highlights', { limit: 8 })
      .then(setJobs)
      .catch(() => setJobs([]));
  }, []);
  return (
    <main>
      <h1>宜川县就业服务</h1>
      <ul>
        {jobs.map((job) => (
          <li key={job.id}>{job.title}</li>
        ))}
      </ul>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
