DOCKER_SCHEMA1_CONTENT_TYPES = ["application/vnd.docker.distribution.manifest.v1+json", "application/vnd.docker.distribution.manifest.v1+prettyjws"]
