{{ v.notice }}

{{ v.package_doc }}package {{ v.package }}

