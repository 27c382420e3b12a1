namespace PluggableDmaBuf;

/// <summary>What a device does with shared buffers.</summary>
[Flags]
public enum DeviceRoles
{
    /// <summary>The device only declares constraints (for example a potential consumer).</summary>
    None = 0,

    /// <summary>The device exports buffers (it is the first to write them).</summary>
    Exporter = 1,

    /// <summary>The device imports buffers exported by others.</summary>
    Importer = 2,
}
