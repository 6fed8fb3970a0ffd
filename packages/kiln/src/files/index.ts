// Crash-safe output folders and files, shared by every command that writes one (internal: not part of the public API).
export { recoverArtifactFolder, writeArtifactFolder } from './artifactFolder.js';
export {
  checkWritableFolder,
  claimOutputFolder,
  OutputFolderError,
  type OutputClaim,
  type OutputFolderKind,
} from './outputFolder.js';
export { writeFileAtomic } from './writeFileAtomic.js';
