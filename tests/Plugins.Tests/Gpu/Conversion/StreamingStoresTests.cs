using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using PluggableDmaBuf.Plugins.Gpu.Conversion;
using PluggableDmaBuf.Plugins.Tests.Support;

namespace PluggableDmaBuf.Plugins.Tests.Gpu.Conversion;

/// <summary>A frame large enough for streaming stores converts to the same bytes as through the caches, and only such a frame streams.</summary>
public sealed unsafe class StreamingStoresTests
{
    [Fact]
    public void A_3840x2160_frame_streams_and_matches_the_scalar_reference()
    {
        Assert.True(Avx2.IsSupported, "this test needs AVX2 for the 256-bit kernel's streaming stores");
        const int Width = 3840, Height = 2160;
        var planes = PlaneLayouts.For(PixelFormat.NV12, Width, Height);
        var source = new byte[PlaneLayouts.BufferLength(planes)];
        new Random(13).NextBytes(source);
        var target = new PlaneLayout(0, 4 * Width, Height, 4 * Width);
        var length = (nuint)target.Length;
        var expected = (byte*)NativeMemory.AlignedAlloc(length, 64);
        var actual = (byte*)NativeMemory.AlignedAlloc(length, 64);
        try
        {
            fixed (byte* s = source)
            {
                var frame = YuvToXrgbFrame.Create(YuvSourceLayout.Nv12, Width, Height, s, planes, actual, target);
                Assert.True(Vector256YuvToXrgb.Streams(frame));
            }

            using (var reference = new YuvToXrgbConverter(YuvMatrix.Bt601, YuvRange.Limited, ConversionKernel.Scalar, 1))
            {
                reference.Convert(PixelFormat.NV12, Width, Height, source, planes, new Span<byte>(expected, (int)length), target);
            }

            using (var vector = new YuvToXrgbConverter(YuvMatrix.Bt601, YuvRange.Limited, ConversionKernel.Vector256, 2))
            {
                vector.Convert(PixelFormat.NV12, Width, Height, source, planes, new Span<byte>(actual, (int)length), target);
            }

            for (nuint i = 0; i < length; i++)
            {
                if (Math.Abs(expected[i] - actual[i]) > 1)
                {
                    throw new InvalidOperationException($"byte {i}: scalar {expected[i]}, streamed {actual[i]}");
                }
            }
        }
        finally
        {
            NativeMemory.AlignedFree(expected);
            NativeMemory.AlignedFree(actual);
        }
    }

    [Theory]
    [InlineData(1920, 1080, 0)] // 8 MB: the display still finds it in cache
    [InlineData(3840, 2160, 4)] // large, but its rows are not 32-byte aligned
    public void A_small_or_unaligned_frame_goes_through_the_caches(int width, int height, int misalign)
    {
        var planes = PlaneLayouts.For(PixelFormat.NV12, width, height);
        var target = new PlaneLayout(0, (4 * width) + misalign, height, 4 * width);
        var destination = (byte*)NativeMemory.AlignedAlloc(64, 64);
        try
        {
            var source = stackalloc byte[1];
            var frame = YuvToXrgbFrame.Create(YuvSourceLayout.Nv12, width, height, source, planes, destination, target);

            Assert.False(Vector256YuvToXrgb.Streams(frame));
        }
        finally
        {
            NativeMemory.AlignedFree(destination);
        }
    }
}
