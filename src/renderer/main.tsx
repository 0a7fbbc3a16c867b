import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
// In cascade order: tokens and resets, then shared pieces, then screens, narrow windows last.
import './styles/base.css';
import './styles/shell.css';
import './styles/controls.css';
import './styles/data.css';
import './styles/screens.css';
import './styles/admin.css';
import './styles/narrow.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
