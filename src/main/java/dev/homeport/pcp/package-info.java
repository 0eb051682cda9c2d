/**
 * PCP (RFC 6887) and NAT-PMP (RFC 6886): the small UDP protocols to the default gateway's port 5351 that open ports
 * on routers without UPnP. Wire codecs that treat every answer as hostile, clients with the RFCs' retransmission
 * schedules under an overall time budget, and {@link dev.homeport.pcp.PortControlRouter}, the
 * {@link dev.homeport.core.Router} they serve, which remembers in state what homeport made (these protocols cannot
 * list the router's table) and watches the router's epoch to notice reboots.
 */
package dev.homeport.pcp;
