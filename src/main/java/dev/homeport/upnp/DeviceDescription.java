package dev.homeport.upnp;

import java.util.List;
import java.util.Objects;

/**
 * The parts of a UPnP root device description homeport uses, with every URL already absolute. Built by
 * {@link DescriptionParser} from XML or from a device jUPnP described.
 *
 * @param url    where the description was fetched
 * @param root   the root device
 * @param server the HTTP {@code Server} header it came with, as sent (empty when none, or not fetched by homeport)
 */
record DeviceDescription(String url, Device root, String server) {

    DeviceDescription {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(root, "root");
        server = server == null ? "" : server;
    }

    /** The same description, as it came with the HTTP {@code Server} header {@code header} (may be null). */
    DeviceDescription withServer(String header) {
        return new DeviceDescription(url, root, header);
    }

    /** One device of the tree. */
    record Device(String deviceType, String friendlyName, String manufacturer, String modelName, String udn,
                  List<Service> services, List<Device> devices) {
        Device {
            deviceType = deviceType == null ? "" : deviceType.strip();
            friendlyName = friendlyName == null ? "" : friendlyName.strip();
            manufacturer = manufacturer == null ? "" : manufacturer.strip();
            modelName = modelName == null ? "" : modelName.strip();
            udn = udn == null ? "" : udn.strip();
            services = List.copyOf(services);
            devices = List.copyOf(devices);
        }
    }

    /** One service, URLs absolute. */
    record Service(String serviceType, String controlUrl, String scpdUrl) {
        Service {
            serviceType = serviceType == null ? "" : serviceType.strip();
            controlUrl = controlUrl == null ? "" : controlUrl.strip();
            scpdUrl = scpdUrl == null ? "" : scpdUrl.strip();
        }
    }
}
