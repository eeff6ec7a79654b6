export * from './events.js';
export * from './limits.js';
export * from './peer-messages.js';
export * from './schemas.js';
