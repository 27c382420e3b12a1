using Moq;

namespace PluggableDmaBuf.Plugins.Tests.CentralAllocator;

/// <summary>The three subsystem devices as their plugins declare them, and a mocked registry of them.</summary>
internal static class Devices
{
    public static DeviceDescription Video => PluggableDmaBuf.Plugins.Video.VideoPlugin.Device;

    public static DeviceDescription Gpu => PluggableDmaBuf.Plugins.Gpu.GpuPlugin.Device;

    public static DeviceDescription Display => PluggableDmaBuf.Plugins.Display.DisplayPlugin.Device;

    public static HeapDescription Vram => PluggableDmaBuf.Plugins.Gpu.GpuPlugin.Vram;

    public static Mock<IDeviceRegistry> Registry()
    {
        var all = new[]
        {
            new DeviceRegistration(Video, DeviceRoles.Exporter),
            new DeviceRegistration(Gpu, DeviceRoles.Exporter | DeviceRoles.Importer),
            new DeviceRegistration(Display, DeviceRoles.Importer),
        };
        var registry = new Mock<IDeviceRegistry>();
        registry.Setup(r => r.Devices).Returns(all);
        registry.Setup(r => r.Find(It.IsAny<string>())).Returns((string name) => all.FirstOrDefault(d => d.Device.Name == name));
        return registry;
    }

    /// <summary>What the video → gpu link asks for, announcing the overlay preview through its usage when asked to.</summary>
    public static BufferRequest VideoLink(int width, int height, bool overlay) => BufferRequest.ForImage(width, height, [PixelFormat.NV12],
        "video0", ["gpu0"], overlay ? [BufferUsages.Capture, BufferUsages.Render, BufferUsages.Overlay] : [BufferUsages.Capture, BufferUsages.Render]);
}
