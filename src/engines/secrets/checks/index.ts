import connectionString from './connection-string.js';
import genericSecret from './generic-secret.js';
import jwt from './jwt.js';
import privateKey from './private-key.js';
import providerKey from './provider-key.js';
import publicKeyByDesign from './public-key-by-design.js';

/** The secrets engine's checks, sorted by id. Each rule of rules/rules.ts reports through one of them. */
export default [connectionString, genericSecret, jwt, privateKey, providerKey, publicKeyByDesign];
