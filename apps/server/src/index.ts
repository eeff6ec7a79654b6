export { type App, createApp, MAX_MESSAGE_BYTES } from './app.js';
export { type Config, configFromEnv, testConfig } from './config.js';
export { MemoryRoomStore, type RoomStore } from './rooms.js';
