process.env.N8N_USER_FOLDER = require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'n8n-audio-tasks-'));
