"""vpnaudit: a compliance linter and auditor for IPsec site-to-site VPNs into AWS."""

__version__ = "0.1.0"
