// Crash-safe output folders, shared by every command that writes one (internal: not part of the public API).
export { isProcessAlive, recoverArtifactFolder, writeArtifactFolder } from './artifactFolder.js';
export { claimOutputFolder, OutputFolderError, type OutputClaim, type OutputFolderKind } from './outputFolder.js';
