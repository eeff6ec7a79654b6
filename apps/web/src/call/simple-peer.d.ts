// @thaunknown/simple-peer ships no types; this declares the part of its API moim uses.
declare module '@thaunknown/simple-peer' {
  export interface SimplePeerOptions {
    initiator?: boolean;
    streams?: MediaStream[];
    trickle?: boolean;
    config?: RTCConfiguration;
    offerOptions?: RTCOfferOptions;
  }

  export default class SimplePeer {
    constructor(options?: SimplePeerOptions);
    signal(data: unknown): void;
    /** Starts a renegotiation: the initiator offers; the other side asks it to. */
    negotiate(): void;
    /** Sends on the data channel; throws if it is not open. */
    send(data: string | Uint8Array): void;
    destroy(error?: Error): void;
    readonly destroyed: boolean;
    on(event: 'signal', listener: (data: unknown) => void): this;
    on(event: 'stream', listener: (stream: MediaStream) => void): this;
    on(event: 'connect' | 'close', listener: () => void): this;
    on(event: 'data', listener: (data: unknown) => void): this;
    on(event: 'error', listener: (error: Error & { code?: string }) => void): this;
    on(
      event: 'iceStateChange',
      listener: (connection: RTCIceConnectionState, gathering: RTCIceGatheringState) => void,
    ): this;
    removeAllListeners(event?: string): this;
  }
}
