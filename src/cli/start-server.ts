/** Starts a ChannelWatchServer; a cause the user can fix (port taken, database) is one line. */
import { ChannelWatchServer, type ServerOptions } from "../server/channel-watch-server.js";
import { explainStartError } from "./start-error.js";

export async function startServer(options: ServerOptions): Promise<ChannelWatchServer> {
  try {
    return await ChannelWatchServer.start(options);
  } catch (err) {
    throw explainStartError(err, options);
  }
}
