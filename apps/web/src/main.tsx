import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, preloadRoute } from './ui/App';
import { activateLocale, chooseLocale, savedLocale } from './ui/i18n';
import './ui/styles.css';

// The language first (its catalogue is loaded on its own), then the page in it; a room's
// code loads meanwhile.
preloadRoute(window.location.pathname);
await activateLocale(
  chooseLocale({
    search: window.location.search,
    saved: savedLocale(),
    languages: navigator.languages ?? [],
  }),
);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
