import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { captureConsole } from './logs';

// n8n-core writes its instance settings under N8N_USER_FOLDER (~/.n8n otherwise).
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-audio-tasks-'));
captureConsole();
