using StbImageSharp;

namespace PluggableDmaBuf.Plugins.Tests.Support;

/// <summary>Compares a PNG decoded as RGB with the XR24 plane it was encoded from.</summary>
internal static class DecodedRgb
{
    /// <summary>Throws naming the first pixel whose red, green or blue differs from <paramref name="xr24"/>'s.</summary>
    public static void AssertMatches(ImageResult decoded, byte[] xr24, PlaneLayout plane, int width, int height)
    {
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var at = (int)plane.Offset + (y * plane.Pitch) + (4 * x);
                var rgb = ((y * width) + x) * 3;
                if (decoded.Data[rgb] != xr24[at + 2] || decoded.Data[rgb + 1] != xr24[at + 1] || decoded.Data[rgb + 2] != xr24[at])
                {
                    throw new InvalidOperationException($"{width}x{height}: pixel ({x}, {y}) differs");
                }
            }
        }
    }
}
