// What the web app's tests start a real server with.
export { type App, createApp } from './app.js';
export { testConfig } from './config.js';
