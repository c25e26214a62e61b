<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.0.0/StyledLayerDescriptor.xsd">
  <NamedLayer>
    <Name>idle-land-changes</Name>
    <UserStyle>
      <Name>idle-land-changes</Name>
      <Title>闲置土地变化 Idle-land changes since the previous audit</Title>
      <FeatureTypeStyle>
        <Rule><Name>new</Name><Title>新增 new</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>change</ogc:PropertyName><ogc:Literal>new</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#d73027</CssParameter><CssParameter name="fill-opacity">0.82</CssParameter></Fill><Stroke><CssParameter name="stroke">#3e2723</CssParameter><CssParameter name="stroke-width">1.1</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>escalated</Name><Title>升级为收回 escalated (fee → reclaim)</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>change</ogc:PropertyName><ogc:Literal>escalated</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#7f0000</CssParameter><CssParameter name="fill-opacity">0.82</CssParameter></Fill><Stroke><CssParameter name="stroke">#3e2723</CssParameter><CssParameter name="stroke-width">1.1</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>continuing</Name><Title>持续 continuing</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>change</ogc:PropertyName><ogc:Literal>continuing</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#fc8d59</CssParameter><CssParameter name="fill-opacity">0.82</CssParameter></Fill><Stroke><CssParameter name="stroke">#3e2723</CssParameter><CssParameter name="stroke-width">1.1</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>resolved</Name><Title>已消除 resolved</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>change</ogc:PropertyName><ogc:Literal>resolved</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#1a9850</CssParameter><CssParameter name="fill-opacity">0.82</CssParameter></Fill><Stroke><CssParameter name="stroke">#3e2723</CssParameter><CssParameter name="stroke-width">1.1</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>removed</Name><Title>已注销 removed (no longer in the data)</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>change</ogc:PropertyName><ogc:Literal>removed</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#4575b4</CssParameter><CssParameter name="fill-opacity">0.82</CssParameter></Fill><Stroke><CssParameter name="stroke">#3e2723</CssParameter><CssParameter name="stroke-width">1.1</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>other</Name><Title>其他 other</Title><ElseFilter/><PolygonSymbolizer><Fill><CssParameter name="fill">#9e9e9e</CssParameter><CssParameter name="fill-opacity">0.82</CssParameter></Fill><Stroke><CssParameter name="stroke">#3e2723</CssParameter><CssParameter name="stroke-width">1.1</CssParameter></Stroke></PolygonSymbolizer></Rule>
      </FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
