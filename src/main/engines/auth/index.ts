export { AuthEngine, ACCESS_TOKEN_TTL_SECONDS, type AuthEvents, type AuthUser, type TokenPair } from './auth-engine';
export { hashPassword, verifyPassword, passwordProblems } from './passwords';
