using Microsoft.EntityFrameworkCore;

namespace Dialogue.Cases.Persistence;

/// <summary>
/// One element of the host's key ring (ASP.NET Core Data Protection keys, as the XML the key manager writes), so that
/// every replica reading the same database protects and unprotects with the same keys. Rows are only ever added; the
/// key manager marks old keys expired or revoked by adding elements, never by changing a row.
/// </summary>
public sealed class DataProtectionKeyRecord
{
    public long Id { get; set; }

    /// <summary>The name the key manager gives the element (e.g. "key-{guid}"); informational.</summary>
    public string? FriendlyName { get; set; }

    public required string Xml { get; set; }
}

/// <summary>The key ring's table (M0015). The host's repository reads and writes it; nothing here depends on ASP.NET.</summary>
internal static class DataProtectionModel
{
    public const string Table = "data_protection_keys";

    public static void Configure(ModelBuilder b)
    {
        b.Entity<DataProtectionKeyRecord>(e =>
        {
            e.ToTable(Table);
            e.HasKey(x => x.Id);
            e.Property(x => x.FriendlyName).HasMaxLength(200);
        });
    }
}
