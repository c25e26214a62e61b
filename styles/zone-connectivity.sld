<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.0.0/StyledLayerDescriptor.xsd">
  <NamedLayer>
    <Name>zone-connectivity</Name>
    <UserStyle>
      <Name>zone-connectivity</Name>
      <Title>集聚区道路连通 Zone road connectivity</Title>
      <FeatureTypeStyle>
        <Rule><Name>direct</Name><Title>干线直连 direct</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>status</ogc:PropertyName><ogc:Literal>direct</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#1a9850</CssParameter><CssParameter name="fill-opacity">0.59</CssParameter></Fill><Stroke><CssParameter name="stroke">#37474f</CssParameter><CssParameter name="stroke-width">2.3</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>network</Name><Title>经低等级路网 via network</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>status</ogc:PropertyName><ogc:Literal>network</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#f9a825</CssParameter><CssParameter name="fill-opacity">0.59</CssParameter></Fill><Stroke><CssParameter name="stroke">#37474f</CssParameter><CssParameter name="stroke-width">2.3</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>none</Name><Title>未连通 not connected</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>status</ogc:PropertyName><ogc:Literal>none</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#d73027</CssParameter><CssParameter name="fill-opacity">0.59</CssParameter></Fill><Stroke><CssParameter name="stroke">#37474f</CssParameter><CssParameter name="stroke-width">2.3</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>other</Name><Title>未知 unknown</Title><ElseFilter/><PolygonSymbolizer><Fill><CssParameter name="fill">#9e9e9e</CssParameter><CssParameter name="fill-opacity">0.59</CssParameter></Fill><Stroke><CssParameter name="stroke">#37474f</CssParameter><CssParameter name="stroke-width">2.3</CssParameter></Stroke></PolygonSymbolizer></Rule>
      </FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
