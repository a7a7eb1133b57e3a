// Preloaded with --import: the package must work where Buffer does not exist.
delete globalThis.Buffer;
if (typeof globalThis.Buffer !== 'undefined') throw new Error('Buffer still defined');
