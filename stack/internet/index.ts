/**
 * "The internet" of a firmware run: internet hosts created on demand behind
 * wildcard DNS, each serving HTTP/1.1 on port 80 and echo elsewhere. Its
 * servers are ordinary usocket sockets, so it sits above both `ip/` and
 * `usocket/`.
 */
export { INTERNET_LINK, Internet, isInternetAddress, type InternetOptions } from "./internet.ts"
export { echoService, httpService, type InternetCounters, type InternetService, type ServiceContext } from "./internet-services.ts"
export * as internetHttp from "./internet-http.ts"
