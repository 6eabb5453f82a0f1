import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ApiClient } from './api/api-client';
import { keepDesktopSession } from './app/desktop-session';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/records.css';
import './styles/overlays.css';
import './styles/shell.css';
import './styles/forms.css';
import './styles/record-detail.css';
import './styles/pipeline.css';
import './styles/my-day.css';
import './styles/dashboards.css';
import './styles/dashboard-views.css';
import './styles/import.css';
import './styles/settings.css';
import './styles/analytics.css';
import './styles/sync.css';
// Last: the accessibility and dark-theme layer overrides the screens' colours.
import './styles/theme.css';

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');

const api = new ApiClient(window.location.origin, window.sessionStorage);

// The desktop app resumes the kept sign-in before the first screen is chosen.
void keepDesktopSession(api).finally(() =>
  createRoot(container).render(
    <StrictMode>
      <App api={api} />
    </StrictMode>,
  ),
);
