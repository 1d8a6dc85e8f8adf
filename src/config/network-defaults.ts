/** Where a ChannelWatch server listens by default, and so where the client commands look. */
export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = "127.0.0.1";
