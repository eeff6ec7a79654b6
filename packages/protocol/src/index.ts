export * from './events.js';
export * from './limits.js';
export * from './peer-messages.js';
export * from './room-id.js';
export * from './schemas.js';
