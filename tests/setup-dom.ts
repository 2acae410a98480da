// jsdom has no IndexedDB: fake-indexeddb gives every test file a real-behaving one in memory.
import 'fake-indexeddb/auto';
// findBy* and waitFor default to 1 s, which a render after an IndexedDB round trip can miss on a slow shared
// 2-core machine. Configured through @testing-library/preact: it brings its own @testing-library/dom (v8),
// the one its findBy*/waitFor use (user-event's top-level v10 is a separate copy).
import { configure } from '@testing-library/preact';

configure({ asyncUtilTimeout: 5_000 });
