/**
 * `non-recours serve`: the HTTP API on a port, until SIGINT or SIGTERM (Ctrl-C, `docker stop`).
 */
import { parseArgs } from 'node:util';
import { serve } from '../server/serve.js';

export const SERVE_USAGE = `Usage :
  non-recours serve [--host 127.0.0.1] [--port 8080] [--rules <dossier>]… [--cors <origine>]…

  serve    API HTTP (JSON) : POST /evaluate, POST /form, GET /rules, GET /rules/{id}, GET /facts,
           GET /health, GET /openapi.json ; voir docs/http.md.
           --host  adresse d'écoute (par défaut 127.0.0.1 ; 0.0.0.0 dans un conteneur) ;
           --port  port (par défaut 8080 ; 0 : un port libre) ;
           --rules ajoute le dossier de règles d'une collectivité (avec son sous-dossier parameters/) ;
           --cors  origine autorisée depuis un navigateur (https://exemple.fr) ; CORS fermé sinon.`;

/** Parses the arguments of `serve`, listens, and resolves with the exit code once stopped by a signal. */
export async function serveCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8080' },
      rules: { type: 'string', multiple: true },
      cors: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stdout.write(`${SERVE_USAGE}\n`);
    return 0;
  }
  const port = Number(values.port);
  if (positionals.length > 0 || !/^\d+$/.test(values.port) || port > 65535) {
    process.stderr.write(`non-recours serve : ${positionals.length > 0 ? `argument inattendu « ${positionals.join(' ')} »` : `port invalide « ${values.port} » (0 à 65535)`}\n\n${SERVE_USAGE}\n`);
    return 64;
  }
  let server;
  try {
    server = await serve({ host: values.host, port, rulesDirs: values.rules ?? [], cors: values.cors ?? false });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      process.stderr.write(`non-recours serve : impossible d'écouter sur ${values.host}:${port} (${String(code)})\n`);
      return 1;
    }
    throw e;
  }
  process.stderr.write(`non-recours : API HTTP sur ${server.url} (${server.rules} règles) ; documentation : ${server.url}/openapi.json ; Ctrl-C pour arrêter.\n`);
  const running = server;
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stderr.write('non-recours : arrêt du serveur…\n');
  await running.close();
  return 0;
}
