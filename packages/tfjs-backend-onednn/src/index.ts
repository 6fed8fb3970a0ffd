// Registers the 'onednn' tfjs backend (filled in by the engine work).
export {};
