import { createHmac } from 'node:crypto';
import type { IceConfig, IceServer } from '@moim/protocol';

/** How browsers reach each other: STUN for their public addresses, TURN to relay. */
export interface IceSettings {
  stunUrls: string[];
  turnUrls: string[];
  /** coturn's `static-auth-secret` (`use-auth-secret`): short-lived credentials per participant. */
  turnSecret: string | null;
  /** A static TURN account, when no secret is set. */
  turnUsername: string | null;
  turnPassword: string | null;
  /** Lifetime of a credential made from the secret. */
  turnCredentialTtlSeconds: number;
  /** `relay` sends everything through TURN, so participants never learn each other's addresses. */
  iceTransportPolicy: 'all' | 'relay';
}

/**
 * A TURN credential by the TURN REST API convention that coturn's `use-auth-secret`
 * checks: the username is `<expiry>:<id>` (expiry in Unix seconds) and the credential is
 * the base64 HMAC-SHA1 of the username, keyed with the shared secret.
 *
 * @example turnCredential('s3cret', 'participant-id', 3600) // { username: '1795590000:participant-id', credential: 'k3…=' }
 */
export function turnCredential(secret: string, id: string, ttlSeconds: number, now = Date.now()) {
  const username = `${Math.floor(now / 1000) + ttlSeconds}:${id}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential };
}

/** The ICE servers one participant gets at join time; called again at every (re)join. */
export function iceServersFor(settings: IceSettings, participantId: string, now = Date.now()): IceServer[] {
  const servers: IceServer[] = [];
  if (settings.stunUrls.length > 0) servers.push({ urls: settings.stunUrls });
  if (settings.turnUrls.length > 0) {
    if (settings.turnSecret) {
      servers.push({
        urls: settings.turnUrls,
        ...turnCredential(settings.turnSecret, participantId, settings.turnCredentialTtlSeconds, now),
      });
    } else if (settings.turnUsername && settings.turnPassword) {
      servers.push({
        urls: settings.turnUrls,
        username: settings.turnUsername,
        credential: settings.turnPassword,
      });
    }
  }
  return servers;
}

/**
 * Everything a participant needs for its peer connections, with how long its TURN
 * credentials last (null when they do not expire: none, or a static account).
 */
export function iceConfigFor(settings: IceSettings, participantId: string, now = Date.now()): IceConfig {
  const expiring = settings.turnUrls.length > 0 && settings.turnSecret !== null;
  // The credential expires on a whole second (turnCredential): count from now to then.
  const expiresAt = (Math.floor(now / 1000) + settings.turnCredentialTtlSeconds) * 1000;
  return {
    iceServers: iceServersFor(settings, participantId, now),
    iceTransportPolicy: settings.iceTransportPolicy,
    iceExpiresInMs: expiring ? expiresAt - now : null,
  };
}
