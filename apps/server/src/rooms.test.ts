import { roomStoreContract } from './room-store.contract.js';
import { MemoryRoomStore } from './rooms.js';

roomStoreContract('MemoryRoomStore', async (historyLimit) => new MemoryRoomStore(historyLimit));
