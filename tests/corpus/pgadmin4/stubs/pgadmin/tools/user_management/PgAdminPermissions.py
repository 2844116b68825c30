class AllPermissionTypes:
    object_register_server = "object_register_server"
    tools_erd_tool = "tools_erd_tool"
    tools_query_tool = "tools_query_tool"
    tools_debugger = "tools_debugger"
    tools_psql_tool = "tools_psql_tool"
    tools_backup = "tools_backup"
    tools_restore = "tools_restore"
    tools_import_export_data = "tools_import_export_data"
    tools_import_export_servers = "tools_import_export_servers"
    tools_search_objects = "tools_search_objects"
    tools_maintenance = "tools_maintenance"
    tools_schema_diff = "tools_schema_diff"
    tools_grant_wizard = "tools_grant_wizard"
    tools_ai = "tools_ai"
    storage_add_folder = "storage_add_folder"
    storage_remove_folder = "storage_remove_folder"
    change_password = "change_password"

    @staticmethod
    def list():
        return filter(lambda x: not x.startswith("_"), AllPermissionTypes.__dict__.keys())
