package bench;

import java.net.InetAddress;
import org.bitlet.weupnp.GatewayDevice;
import org.bitlet.weupnp.GatewayDiscover;

/** weupnp 0.1.4 opening one TCP port the way its README does: discover, getValidGateway, addPortMapping, exit. */
public final class WeupnpForward {
    private WeupnpForward() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        GatewayDiscover discover = new GatewayDiscover();
        discover.discover();
        GatewayDevice gateway = discover.getValidGateway();
        if (gateway == null) {
            System.err.println("weupnp: no valid gateway");
            System.exit(2);
        }
        InetAddress local = gateway.getLocalAddress();
        boolean added = gateway.addPortMapping(port, port, local.getHostAddress(), "TCP", "weupnp bench");
        System.out.println("weupnp: " + gateway.getLocation() + " " + (added ? "added " : "refused ") + port + " -> "
                + local.getHostAddress());
        System.exit(added ? 0 : 1);
    }
}
