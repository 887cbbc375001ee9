// The agent console: signs in, then shows the inbox, knowledge and settings screens.
import { render } from 'preact';
import { App } from './app';
import './console.css';

render(<App />, document.getElementById('app')!);
