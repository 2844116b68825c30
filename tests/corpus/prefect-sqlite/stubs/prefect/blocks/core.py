import hashlib
import json


class Block:
    @classmethod
    def _calculate_schema_checksum(cls, block_schema_fields=None):
        fields = json.dumps(block_schema_fields or {}, sort_keys=True)
        return "sha256:" + hashlib.sha256(fields.encode()).hexdigest()
