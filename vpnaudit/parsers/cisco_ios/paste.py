"""Unindented command scripts: sub-mode commands written at column 1 go to the sub-mode above them.

A saved IOS configuration indents every sub-mode command (``show running-config``). Configs in
how-tos, lab journals and change tickets are often typed or pasted command scripts instead
(``configure terminal``, then ``crypto map CMAP 1 ipsec-isakmp`` and ``set peer ...`` at column 1).
IOS reads such a script by mode, not by indentation: a command that enters a sub-mode
(``crypto map ... ipsec-isakmp``, ``interface``, ``crypto isakmp policy``, ...) switches the CLI
to that mode, and each following command is looked up in the current mode first; when the current
mode has no such command the parser tries the parent modes up to global configuration and, on a
match there, leaves the sub-mode ("Using Cisco IOS Software", Cisco IOS Configuration Fundamentals
Configuration Guide, "Command Modes": *if you enter a global configuration command in a
configuration submode, the command is executed and you are returned to global configuration
mode*; https://www.cisco.com/c/en/us/td/docs/ios-xml/ios/fundamentals/configuration/15mt/fundamentals-15-mt-book/cf-cli-basics.html).
``exit`` leaves one sub-mode, ``end`` all of them. Indentation plays no part.

``attach_pasted`` applies that rule to the top-level lines of the indentation tree, but only after
a sub-mode command that has no indented lines of its own (a saved config's stanzas already carry
their sub-commands, and its column-1 lines are global commands). A column-1 line joins the
innermost open sub-mode whose vocabulary has its first word (``no`` / ``default`` forms included);
a line that is a global command, or that no open sub-mode knows, closes them all, except that an
interface keeps unknown lines (interface commands are too many to list and a global command is
recognised first). Linear: each line is looked at once, the mode stack is at most three deep.
"""

from __future__ import annotations

from .._base import Line

# First words of global configuration commands (a line starting with one of them, and not known by
# the open sub-mode, is a global command and ends the sub-modes).
_GLOBAL = frozenset({
    "aaa", "access-list", "alias", "archive", "banner", "boot", "bridge", "call-home", "cdp", "class-map",
    "clock", "conf", "config", "configure", "control-plane", "crypto", "default", "dial-peer", "do", "enable",
    "end", "errdisable", "event", "exit", "hostname", "interface", "ip", "ipv6", "key", "license", "line",
    "lldp", "logging", "login", "mac", "memory", "mpls", "multilink", "ntp", "object-group", "parameter-map",
    "platform", "policy-map", "privilege", "redundancy", "route-map", "router", "security", "service",
    "show", "snmp-server", "spanning-tree", "subscriber", "tacacs-server", "track", "username", "version",
    "vlan", "vrf", "write", "zone", "zone-pair", "radius-server", "no",
})

_INTERFACE_IP = frozenset({
    "address", "add", "addr", "mtu", "tcp", "ospf", "vrf", "virtual-reassembly", "unnumbered", "helper-address",
    "access-group", "policy", "pim", "redirects", "unreachables", "proxy-arp", "flow", "route-cache", "verify",
    "directed-broadcast", "nhrp", "nat", "mroute-cache", "split-horizon", "summary-address", "authentication",
    "hello-interval", "bandwidth-percent", "igmp", "dhcp",
})

# sub-mode -> first words of its commands
_VOCABULARY: dict[str, frozenset[str]] = {
    "isakmp-policy": frozenset({"encryption", "encr", "hash", "authentication", "group", "lifetime"}),
    "ikev2-proposal": frozenset({"encryption", "integrity", "group", "prf"}),
    "ikev2-policy": frozenset({"proposal", "match"}),
    "ikev2-profile": frozenset({
        "match", "identity", "authentication", "keyring", "lifetime", "dpd", "nat", "description", "ivrf",
        "virtual-template", "aaa", "pki", "redirect", "config-exchange", "shutdown"}),
    "ikev2-keyring": frozenset({"peer"}),
    "ikev2-peer": frozenset({"description", "address", "identity", "pre-shared-key", "hostname"}),
    "keyring": frozenset({"pre-shared-key", "local-address", "description", "rsa-pubkey"}),
    "isakmp-profile": frozenset({
        "match", "keyring", "self-identity", "keepalive", "description", "initiate", "local-address",
        "ca", "client", "isakmp", "accounting", "virtual-template", "qos-group"}),
    "transform-set": frozenset({"mode"}),
    "ipsec-profile": frozenset({"set", "description", "responder-only", "redundancy"}),
    "crypto-map": frozenset({"set", "match", "description", "reverse-route", "qos"}),
    "interface": frozenset({
        "ip", "ipv6", "tunnel", "description", "shutdown", "shut", "crypto", "mtu", "bandwidth", "keepalive",
        "load-interval", "negotiation", "duplex", "speed", "delay", "media-type", "zone-member", "service-policy",
        "encapsulation", "switchport", "standby", "vrrp", "channel-group", "pppoe", "pppoe-client", "dialer",
        "arp", "carrier-delay", "hold-queue", "mac-address", "nameif", "security-level"}),
    "router-bgp": frozenset({
        "neighbor", "network", "bgp", "address-family", "redistribute", "timers", "maximum-paths",
        "aggregate-address", "default-information", "distance", "synchronization", "auto-summary",
        "default-metric", "template"}),
    "address-family": frozenset({
        "neighbor", "network", "redistribute", "maximum-paths", "aggregate-address", "exit-address-family",
        "bgp", "default-information", "distance", "auto-summary", "synchronization"}),
    "router": frozenset({
        "network", "router-id", "passive-interface", "redistribute", "area", "default-information",
        "log-adjacency-changes", "auto-summary", "distance", "maximum-paths", "timers", "neighbor", "eigrp"}),
    "acl": frozenset({"permit", "deny", "remark", "evaluate"}),
    "route-map": frozenset({"match", "set", "description", "continue"}),
}


def _opens(words: list[str], mode: str | None) -> str | None:
    """The sub-mode that the command ``words`` enters (in the mode ``mode``; None = global)."""
    if mode == "ikev2-keyring":
        return "ikev2-peer" if words[:1] == ["peer"] and len(words) > 1 else None
    if mode == "router-bgp":
        return "address-family" if words[:1] == ["address-family"] else None
    if mode is not None:
        return None
    head, n = words[0], len(words)
    if head == "interface" and n > 1:
        return "interface"
    if head == "router" and n > 1:
        return "router-bgp" if words[1] == "bgp" else "router"
    if head == "route-map" and n > 1:
        return "route-map"
    if head == "ip" and words[1:2] == ["access-list"] and n > 3 and words[2] in ("extended", "standard"):
        return "acl"
    if head != "crypto" or n < 3:
        return None
    sub = (words[1], words[2])
    if n > 3 and sub in (
            ("isakmp", "policy"), ("isakmp", "profile"), ("ikev2", "proposal"), ("ikev2", "policy"),
            ("ikev2", "profile"), ("ikev2", "keyring"), ("ipsec", "profile")):
        return f"{sub[0]}-{sub[1]}" if sub[0] == "ikev2" else {
            ("isakmp", "policy"): "isakmp-policy", ("isakmp", "profile"): "isakmp-profile",
            ("ipsec", "profile"): "ipsec-profile"}[sub]
    if sub[0] == "keyring":
        return "keyring"
    if sub == ("ipsec", "transform-set") and n > 4:
        return "transform-set"
    if words[1] == "map" and n > 3 and words[3].isdigit() and (n == 4 or words[4] != "client"):
        return "crypto-map"
    if words[1] == "dynamic-map" and n == 4 and words[3].isdigit():
        return "crypto-map"
    return None


def _knows(mode: str, words: list[str]) -> bool:
    """Whether the sub-mode ``mode`` has the command ``words`` (its ``no`` / ``default`` forms too)."""
    if words[0] in ("no", "default") and len(words) > 1:
        words = words[1:]
    head = words[0]
    if mode == "acl":
        return head in _VOCABULARY[mode] or head.isdigit()
    if head not in _VOCABULARY[mode]:
        return False
    if mode != "interface":
        return True
    if head == "ip":
        second = words[1] if len(words) > 1 else ""
        if second == "nat":  # 'ip nat inside' (interface) / 'ip nat inside source ...' (global)
            return len(words) <= 3
        if second == "vrf":  # 'ip vrf forwarding X' (interface) / 'ip vrf X' (global)
            return words[2:3] == ["forwarding"]
        if second == "dhcp":
            return words[2:3] == ["client"]
        return second in _INTERFACE_IP
    if head == "crypto":  # 'crypto map NAME' applies a map to the interface
        return words[1:2] == ["map"] and len(words) in (3, 4) and not words[-1].isdigit()
    return True


def attach_pasted(roots: list[Line]) -> list[Line]:
    """The top-level lines with the column-1 sub-mode commands of a command script moved under the
    sub-mode command they belong to (see the module docstring); a saved config comes back as is."""
    kept: list[Line] = []
    stack: list[tuple[str, Line]] = []  # open sub-modes, innermost last
    for line in roots:
        words = line.words
        if line.children or not words:
            stack.clear()
            kept.append(line)
            continue
        if stack and line.text in ("exit", "exit-address-family", "end"):
            if line.text == "end":
                stack.clear()
            else:
                stack.pop()
            kept.append(line)
            continue
        depth = next((i for i in range(len(stack) - 1, -1, -1) if _knows(stack[i][0], words)), None)
        if depth is None and stack and stack[-1][0] == "interface" and words[0] not in _GLOBAL:
            depth = len(stack) - 1
        if depth is None:
            stack.clear()
            kept.append(line)
            mode = _opens(words, None)
            if mode is not None:
                stack.append((mode, line))
            continue
        del stack[depth + 1:]
        mode, owner = stack[-1]
        line.indent = owner.indent + 1
        owner.add(line)
        opened = _opens(words, mode)
        if opened is not None:
            stack.append((opened, line))
    return kept
