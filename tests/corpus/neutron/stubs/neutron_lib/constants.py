"""neutron-lib constants the scripts use (values as in neutron-lib)."""
from neutron_lib.db.constants import *  # noqa: F401,F403

IPv4 = "IPv4"
IPv6 = "IPv6"
INGRESS_DIRECTION = "ingress"
EGRESS_DIRECTION = "egress"
ANY_DIRECTION = "any"
VALID_DIRECTIONS_AND_ANY = (INGRESS_DIRECTION, EGRESS_DIRECTION, ANY_DIRECTION)
HA_ROUTER_STATE_ACTIVE = "active"
HA_ROUTER_STATE_STANDBY = "standby"
HA_ROUTER_STATE_UNKNOWN = "unknown"
DEVICE_OWNER_ROUTER_INTF = "network:router_interface"
DEVICE_OWNER_ROUTER_HA_INTF = "network:router_ha_interface"
DEVICE_OWNER_HA_REPLICATED_INT = "network:ha_router_replicated_interface"
DEVICE_OWNER_DISTRIBUTED = "network:distributed"
DEVICE_OWNER_DHCP = "network:dhcp"
ACTIVE = "ACTIVE"
DEFAULT_NETWORK_MTU = 1500
MIN_VLAN_TAG = 1
MAX_VLAN_TAG = 4094
PORT_NUMA_POLICIES = ("required", "preferred", "legacy", "socket")
IPAM_ALLOCATION_STATUS_ALLOCATED = "ALLOCATED"
