/**
 * UPnP-IGD port mapping: gateway discovery (jUPnP as control point over an OkHttp transport, no listening sockets),
 * a SOAP client of our own for the port-mapping actions, and {@link dev.homeport.upnp.UpnpRouter}, the
 * {@link dev.homeport.core.Router} it all serves.
 */
package dev.homeport.upnp;
