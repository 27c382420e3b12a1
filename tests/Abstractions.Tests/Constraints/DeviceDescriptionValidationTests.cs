namespace PluggableDmaBuf.Abstractions.Tests.Constraints;

public sealed class DeviceDescriptionValidationTests
{
    public static TheoryData<Func<DeviceDescription>, string, string> Invalid => new()
    {
        { () => new DeviceDescription(""), "name", "must not be empty" },
        { () => new DeviceDescription("a b"), "name", "'a b' must not contain white space" },
        { () => new DeviceDescription("d", addressBits: 8), "addressBits", "8 is outside 12 to 64" },
        { () => new DeviceDescription("d", addressBits: 65), "addressBits", "65 is outside 12 to 64" },
        { () => new DeviceDescription("d", maxSegments: 0), "maxSegments", "0 must be at least 1" },
        { () => new DeviceDescription("d", maxSegmentSize: 1000), "maxSegmentSize", "1000 is not a positive multiple of 4096" },
        { () => new DeviceDescription("d", alignment: 3000), "alignment", "3000 is not a power of two" },
        { () => new DeviceDescription("d", alignment: 0), "alignment", "0 is not a power of two" },
        { () => new DeviceDescription("d", pitchAlignment: 48), "pitchAlignment", "48 is not a power of two" },
        { () => new DeviceDescription("d", heaps: ["cma", "cma"]), "heaps[1]", "'cma' is listed twice" },
        { () => new DeviceDescription("d", heaps: [""]), "heaps[0]", "must not be empty" },
        { () => new DeviceDescription("d", usages: ["scanout", " "]), "usages[1]", "must not be empty" },
        { () => new DeviceDescription("d", formats: [new FormatSupport(PixelFormat.NV12), new FormatSupport(PixelFormat.NV12)]), "formats[1].format", "'NV12' is listed twice" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_bad_value_names_its_property(Func<DeviceDescription> create, string property, string reason)
    {
        var error = Assert.Throws<InvalidConstraintException>(create);

        Assert.Equal(property, error.Property);
        Assert.Equal(reason, error.Reason);
        Assert.Equal($"{property}: {reason}", error.Message);
    }

    [Fact]
    public void Omitted_values_take_the_specs_defaults()
    {
        var device = new DeviceDescription("d");

        Assert.False(device.HasIommu);
        Assert.Equal(64, device.AddressBits);
        Assert.Equal(ulong.MaxValue, device.AddressLimit);
        Assert.Null(device.MaxSegments);
        Assert.Null(device.MaxSegmentSize);
        Assert.Equal(4096, device.Alignment);
        Assert.Equal(1, device.PitchAlignment);
        Assert.Null(device.Heaps);
        Assert.Null(device.Formats);
        Assert.Equal(["linear"], device.ModifiersFor(PixelFormat.YU12));
    }

    [Fact]
    public void Default_heaps_are_every_heap_that_is_not_device_local()
    {
        var zone = new MemoryZone("z", 0, 1 << 30);
        var device = new DeviceDescription("d");

        Assert.True(device.CanReach(new HeapDescription("sys", HeapKind.Scattered, zone, 0, 4096)));
        Assert.False(device.CanReach(new HeapDescription("vram", HeapKind.Contiguous, zone, 0, 4096, "gpu0")));
    }
}
