// jsdom has no IndexedDB: fake-indexeddb gives every test file a real-behaving one in memory.
import 'fake-indexeddb/auto';
