/** Paths and limits one sandbox process is started with. */
export interface WorkerdConfigInput {
  /** The bundled plugin (file name inside the config's folder). */
  bundleFile: string;
  /** Unix socket the worker answers the host on. */
  socket: string;
  /** Unix socket of the host's callback bridge (the worker's only service binding). */
  bridgeSocket: string;
  compatibilityDate: string;
  /** V8 old-space cap of the process, in MiB. */
  heapMb: number;
}

const quote = (text: string) => JSON.stringify(text);

/**
 * The workerd configuration (Cap'n Proto text) of one sandboxed plugin: a single worker whose
 * `globalOutbound` is a network with nothing allowed (no internet, no loopback, no LAN), whose one
 * binding is the host bridge, listening on a private Unix socket.
 */
export function workerdConfig(input: WorkerdConfigInput): string {
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "plugin", worker = (
      modules = [(name = "plugin.js", esModule = embed ${quote(input.bundleFile)})],
      compatibilityDate = ${quote(input.compatibilityDate)},
      compatibilityFlags = ["nodejs_als"],
      bindings = [(name = "HOST", service = "host")],
      globalOutbound = "nowhere",
    )),
    (name = "nowhere", network = (allow = [])),
    (name = "host", external = (address = ${quote(`unix:${input.bridgeSocket}`)}, http = ())),
  ],
  sockets = [(name = "rpc", address = ${quote(`unix:${input.socket}`)}, http = (), service = "plugin")],
  v8Flags = [${quote(`--max-old-space-size=${input.heapMb}`)}],
);
`;
}
