// The baseline: a minimal Fastify 5 server, logging off, one route. Listens on PORT/HOST.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/bare', async () => ({ ok: true }));

const stop = () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

await app.listen({ port: Number(process.env.PORT ?? '0'), host: process.env.HOST ?? '127.0.0.1' });
