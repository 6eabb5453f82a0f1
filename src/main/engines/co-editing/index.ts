export { CoEditingEngine, type CoEditingDeps, type DocRelayLink } from './co-editing-engine';
export { openDocSocket, type BinaryPeer, type DocSocketSession, type DocSocketOpen, type DocAuthenticate } from './doc-socket-session';
