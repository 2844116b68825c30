DOCKER_SCHEMA2_CONTENT_TYPES = ["application/vnd.docker.distribution.manifest.v2+json", "application/vnd.docker.distribution.manifest.list.v2+json"]
