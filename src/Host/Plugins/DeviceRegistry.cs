namespace PluggableDmaBuf.Host.Plugins;

/// <summary>The devices every loaded plugin registered, unique by name (checked at registration).</summary>
internal sealed class DeviceRegistry : IDeviceRegistry
{
    private readonly Dictionary<string, DeviceRegistration> _byName;

    public DeviceRegistry(IEnumerable<DeviceRegistration> devices)
    {
        Devices = devices.ToArray();
        _byName = Devices.ToDictionary(d => d.Device.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<DeviceRegistration> Devices { get; }

    public DeviceRegistration? Find(string name) => _byName.GetValueOrDefault(name);
}
