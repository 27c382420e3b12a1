namespace PluggableDmaBuf;

/// <summary>
/// Every device registered by every loaded plugin. Resolve it from the service provider (for example
/// in a central allocator, to find the potential consumers of a usage).
/// </summary>
/// <remarks>Built once when the host starts; immutable and thread safe afterwards.</remarks>
public interface IDeviceRegistry
{
    /// <summary>All devices, in registration order.</summary>
    IReadOnlyList<DeviceRegistration> Devices { get; }

    /// <summary>The device named <paramref name="name"/>, or <c>null</c>.</summary>
    /// <param name="name">The device name.</param>
    DeviceRegistration? Find(string name);
}
