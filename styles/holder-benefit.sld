<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.0.0/StyledLayerDescriptor.xsd">
  <NamedLayer>
    <Name>holder-benefit</Name>
    <UserStyle>
      <Name>holder-benefit</Name>
      <Title>亩均效益评价 Per-mu benefit classes of holders</Title>
      <FeatureTypeStyle>
        <Rule><Name>A</Name><Title>A类 (优先发展)</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>class</ogc:PropertyName><ogc:Literal>A</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#1a9850</CssParameter><CssParameter name="fill-opacity">0.78</CssParameter></Fill><Stroke><CssParameter name="stroke">#424242</CssParameter><CssParameter name="stroke-width">0.8</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>B</Name><Title>B类 (提升发展)</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>class</ogc:PropertyName><ogc:Literal>B</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#91cf60</CssParameter><CssParameter name="fill-opacity">0.78</CssParameter></Fill><Stroke><CssParameter name="stroke">#424242</CssParameter><CssParameter name="stroke-width">0.8</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>C</Name><Title>C类 (调整转型)</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>class</ogc:PropertyName><ogc:Literal>C</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#fc8d59</CssParameter><CssParameter name="fill-opacity">0.78</CssParameter></Fill><Stroke><CssParameter name="stroke">#424242</CssParameter><CssParameter name="stroke-width">0.8</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>D</Name><Title>D类 (整治淘汰)</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>class</ogc:PropertyName><ogc:Literal>D</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#d73027</CssParameter><CssParameter name="fill-opacity">0.78</CssParameter></Fill><Stroke><CssParameter name="stroke">#424242</CssParameter><CssParameter name="stroke-width">0.8</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>other</Name><Title>无税收数据 no tax data</Title><ElseFilter/><PolygonSymbolizer><Fill><CssParameter name="fill">#9e9e9e</CssParameter><CssParameter name="fill-opacity">0.78</CssParameter></Fill><Stroke><CssParameter name="stroke">#424242</CssParameter><CssParameter name="stroke-width">0.8</CssParameter></Stroke></PolygonSymbolizer></Rule>
      </FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
