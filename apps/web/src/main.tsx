import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, preloadRoute } from './ui/App';
import { activateLocale, chooseLocale, savedLocale } from './ui/i18n';
import './ui/styles.css';

function render() {
  const root = document.getElementById('root');
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// The language first (its catalogue is loaded on its own), then the page in it; a room's
// code loads meanwhile. Not a top-level await: with one, the bundler keeps every module
// shared by the two routes in chunks of their own, more files for the same code.
void activateLocale(
  chooseLocale({
    search: window.location.search,
    saved: savedLocale(),
    languages: navigator.languages ?? [],
  }),
  [preloadRoute(window.location.pathname)],
).then(render);
